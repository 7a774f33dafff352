<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="0.75" alphaBand="-1" classificationMin="0" classificationMax="1000" nodataColor="">
      <rastershader>
        <colorrampshader colorRampType="DISCRETE" classificationMode="3" clip="0" minimumValue="0" maximumValue="1000" labelPrecision="0">
            <item alpha="255" value="0" label="Sol visible" color="#b2182b"/>
            <item alpha="255" value="2" label="Visible au-dessus de 0 à 2 m" color="#ef8a62"/>
            <item alpha="255" value="10" label="2 à 10 m" color="#fddbc7"/>
            <item alpha="255" value="30" label="10 à 30 m" color="#d1e5f0"/>
            <item alpha="255" value="100" label="30 à 100 m" color="#67a9cf"/>
            <item alpha="0" value="inf" label="Plus de 100 m" color="#ffffff"/>
        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
