<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <renderer-v2 type="categorizedSymbol" attr="kind" forceraster="0" symbollevels="0" enableorderby="0">
    <categories>
      <category value="chevalements" symbol="0" label="Chevalements" render="true"/>
      <category value="terrils" symbol="1" label="Terrils" render="true"/>
      <category value="cités" symbol="2" label="Cités minières" render="true"/>
      <category value="autres" symbol="3" label="Autres éléments" render="true"/>
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="0.35" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="122,1,119,255"/>
            <Option type="QString" name="outline_color" value="122,1,119,255"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="0.35" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="140,81,10,255"/>
            <Option type="QString" name="outline_color" value="140,81,10,255"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="0.35" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="214,96,77,255"/>
            <Option type="QString" name="outline_color" value="214,96,77,255"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="0.35" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="67,147,195,255"/>
            <Option type="QString" name="outline_color" value="67,147,195,255"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <previewExpression>"name"</previewExpression>
  <mapTip>[% "name" %] ([% "type" %]) : visible sur [% "visible_area_ha" %] ha, jusqu'à [% "max_distance_m" %] m</mapTip>
</qgis>
