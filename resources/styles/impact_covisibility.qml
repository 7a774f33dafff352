<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <renderer-v2 type="singleSymbol" forceraster="0" symbollevels="0" enableorderby="0">
    <symbols>
      <symbol type="fill" name="0" alpha="0.9" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="33,102,172,255"/>
            <Option type="QString" name="outline_color" value="33,102,172,255"/>
            <Option type="QString" name="outline_width" value="0.3"/>
            <Option type="QString" name="style" value="b_diagonal"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <mapTip>Covisibilité [% "project_id" %] / [% "element_name" %] : [% "area_ha" %] ha (dont [% "area_buffer_ha" %] ha en zone tampon)</mapTip>
</qgis>
